[ (toString (-1.5)) (toString 0.0) (toString (-0.0)) ]
