[ (!true == false) (! false && false) ]
