''a''\nb''\tc''\rd''\\e''
