toString { __toString = self: self.v; v = "from-v"; outPath = "ignored"; }
