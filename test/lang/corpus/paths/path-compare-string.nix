[ (./data == ./data) (toString ./data == toString ./data) ]
