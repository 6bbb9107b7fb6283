''
	tab
	tab2
''
