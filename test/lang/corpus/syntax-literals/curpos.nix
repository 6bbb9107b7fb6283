let p = __curPos; in [ p.line p.column (baseNameOf p.file) ]
