[ (1 == "1") (null == false) ([ ] == { }) (1 == true) ("" == null) ]
