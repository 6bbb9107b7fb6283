assert true; assert !false; 3
