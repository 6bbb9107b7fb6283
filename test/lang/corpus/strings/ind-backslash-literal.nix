''C:\path\n''
