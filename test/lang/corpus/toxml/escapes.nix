builtins.toXML "<a href=\"x\">&'</a>\n"
