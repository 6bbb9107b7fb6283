"\t\n\r"
