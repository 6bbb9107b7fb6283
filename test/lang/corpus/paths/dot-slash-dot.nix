baseNameOf ./. == "paths"
