with builtins; [ (ceil 1.0e15) (floor (-0.5)) (ceil (-0.5)) (floor 2.0) (ceil 0.0) ]
