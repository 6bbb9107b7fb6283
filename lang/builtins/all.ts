// Loads every builtins family so each registers its primops (import order = registration order).
import "./types.js";
import "./arith.js";
import "./control.js";
import "./lists.js";
import "./attrs.js";
import "./strings.js";
import "./context.js";
import "./io.js";
import "./constants.js";
import "./derivation.js";
import "./json.js";
import "./regex.js";
import "./xml.js";
import "./hashing.js";
import "./toml.js";
