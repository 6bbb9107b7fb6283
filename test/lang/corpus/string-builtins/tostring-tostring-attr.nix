toString { __toString = s: "custom"; }
