# The Nix 2.8 grammar for nearley. Precedence and associativity are encoded in the rule levels
# (lowest first: -> || && ==/!= comparisons // ! +/- * / ++ ? unary- application select), so every
# input has exactly one parse. Lists are left-recursive; the right-associative chains of // and ++ are
# collected left-recursively and nested by parse.ts. Postprocessors (lang/grammar-actions.ts) are
# constant-time and build new nodes; list-valued fields are cons cells that parse.ts turns into arrays.
@preprocessor typescript
@{%
// @ts-nocheck
import { NixLexer } from "./lexer.js";
import * as A from "./grammar-actions.js";
const lexer = new NixLexer();
// token classes matched by one grammar symbol (fewer rules to predict = fewer Earley states)
var atom: any = A.atomTok;
var pathTok: any = A.pathTok;
var eqTok: any = A.tokClass(["eq", "neq"]);
var cmpTok: any = A.tokClass(["lt", "leq", "gt", "geq"]);
var addTok: any = A.tokClass(["plus", "minus"]);
var mulTok: any = A.tokClass(["star", "slash"]);
var letOrRec: any = A.tokClass(["kw_let", "kw_rec"]);
var assertOrWith: any = A.tokClass(["kw_assert", "kw_with"]);
%}
@lexer lexer

main -> expr {% id %}

# `expr` also covers if/then/else and the operator levels directly (fewer unit rules = fewer Earley states)
expr ->
    %ident identLam {% A.identLambda %}
  | %lbrace formals %rbrace setLam {% A.setLambda %}
  | %assertOrWith expr %semi expr {% A.assertOrWith %}
  | %kw_let binds %kw_in expr {% A.let_ %}
  | %kw_if expr %kw_then expr %kw_else expr {% A.if_ %}
  | or_ {% id %}
  | or_ %impl impl {% A.binop %}

# the rest of `x: body` / `x @ { … }: body` and of `{ … }: body` / `{ … } @ x: body`
identLam -> %colon expr {% A.tailPlain %} | %at %lbrace formals %rbrace %colon expr {% A.tailSet %}
setLam -> %colon expr {% A.tailPlain %} | %at %ident %colon expr {% A.tailAt %}

# -> is right-associative; chains are short, so plain right recursion is fine here
impl -> or_ {% id %} | or_ %impl impl {% A.binop %}

or_ -> or_ %or_op and_ {% A.binop %} | and_ {% id %}
and_ -> and_ %and eq {% A.binop %} | eq {% id %}
eq -> cmp eqop cmp {% A.binop %} | cmp {% id %}
eqop -> %eqTok {% id %}
cmp -> upd cmpop upd {% A.binop %} | upd {% id %}
cmpop -> %cmpTok {% id %}

# // and ++ are right-associative and may form long chains: collected left-recursively, nested by parse.ts
upd -> not {% id %} | upd_l %update not {% A.rightChain %}
upd_l -> not {% A.chainStart %} | upd_l %update not {% A.chainAdd %}

# `!` binds looser than + * ++ ?, and as the right operand of those it takes in everything after it
# (a + !b * c is a + !(b * c)): the *N rules are the operator expressions ending in such a `!`.
not -> notx {% id %} | add {% id %} | addN {% id %}
notx -> %not not {% A.not %}
addN -> add addop mulN {% A.binop %} | add addop notx {% A.binop %} | mulN {% id %}
mulN -> mul mulop catN {% A.binop %} | mul mulop notx {% A.binop %} | catN {% id %}
catN -> cat_l %concat notx {% A.rightChain %}
add -> add addop mul {% A.binop %} | mul {% id %}
addop -> %addTok {% id %}
mul -> mul mulop cat {% A.binop %} | cat {% id %}
mulop -> %mulTok {% id %}

cat -> qm {% id %} | cat_l %concat qm {% A.rightChain %}
cat_l -> qm {% A.chainStart %} | cat_l %concat qm {% A.chainAdd %}

qm -> neg %qmark attrpath {% A.has %} | neg {% id %}
neg -> %minus neg {% A.neg %} | app {% id %}
app -> app select {% A.app %} | select {% id %}

select ->
    simple %dot attrpath {% A.select %}
  | simple %dot attrpath %kw_or select {% A.selectOr %}
  | simple %kw_or {% A.orCall %}
  | simple {% id %}

simple ->
    %atom {% A.atom %}
  | %dquote string_parts %strEnd {% A.string %}
  | %istrOpen ind_parts %istrClose {% A.indString %}
  | path_start path_rest {% A.pathWhole %}
  | %lparen expr %rparen {% A.paren %}
  | %letOrRec %lbrace binds %rbrace {% A.letOrRecAttrs %}
  | %lbrace binds %rbrace {% A.attrs %}
  | %lbrack expr_list %rbrack {% A.list %}

string_parts ->
    null {% A.noParts %}
  | %str {% A.strPart %}
  | string_interp {% A.interpParts %}

string_interp ->
    string_interp %str {% A.addStr %}
  | string_interp %interp expr %rbrace {% A.addInterp %}
  | %interp expr %rbrace {% A.firstInterp %}
  | %str %interp expr %rbrace {% A.strThenInterp %}

ind_parts ->
    null {% A.nil %}
  | ind_parts %istr {% A.addIndStr %}
  | ind_parts %interp expr %rbrace {% A.addInterp %}

path_start -> %pathTok {% A.path %}
path_rest -> %pathEnd {% A.nothing %} | path_parts %pathEnd {% id %}

# as Nix: after a path ending in `/`, a `//…` piece may follow when an interpolation comes next (/a//b${x})
path_parts ->
    %interp expr %rbrace {% A.firstInterp %}
  | %pathStr %interp expr %rbrace {% A.strThenInterp %}
  | path_parts %pathStr {% A.addStr %}
  | path_parts %interp expr %rbrace {% A.addInterp %}

binds ->
    null {% A.nil %}
  | binds attrpath %assign expr %semi {% A.bindDef %}
  | binds %kw_inherit attrs %semi {% A.bindInherit %}
  | binds %kw_inherit %lparen expr %rparen attrs %semi {% A.bindInheritFrom %}

attrs ->
    null {% A.nil %}
  | attrs attr {% A.consAdd %}
  | attrs string_attr {% A.consAdd %}

attrpath ->
    attrpath %dot attr {% A.pathAdd %}
  | attrpath %dot string_attr {% A.pathAdd %}
  | attr {% A.pathStart %}
  | string_attr {% A.pathStart %}

attr -> %ident {% A.attrName %} | %kw_or {% A.attrName %}

string_attr ->
    %dquote string_parts %strEnd {% A.stringAttr %}
  | %interp expr %rbrace {% A.dynAttr %}

expr_list -> null {% A.nil %} | expr_list select {% A.consAdd %}

formals ->
    null {% A.formalsEmpty %}
  | %ellipsis {% A.formalsEllipsis %}
  | flist {% A.formals %}
  | flist %comma {% A.formals %}
  | flist %comma %ellipsis {% A.formalsWithEllipsis %}

flist -> formal {% A.chainStart %} | flist %comma formal {% A.consAdd2 %}

formal -> %ident {% A.formal %} | %ident %qmark expr {% A.formalDefault %}
