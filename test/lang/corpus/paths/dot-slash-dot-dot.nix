baseNameOf ./.. == "corpus"
