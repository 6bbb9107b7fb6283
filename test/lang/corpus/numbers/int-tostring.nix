[ (toString 0) (toString (-12)) (toString 9223372036854775807) ]
