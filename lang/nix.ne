# The Nix 2.8 grammar for nearley. Precedence and associativity are encoded in the rule levels
# (lowest first: -> || && ==/!= comparisons // ! +/- * / ++ ? unary- application select), so every
# input has exactly one parse. Lists are left-recursive; right-associative chains (->, //, ++) are
# collected left-recursively and nested by parse.ts. Postprocessors (lang/grammar-actions.ts) are
# constant-time and build new nodes; list-valued fields are cons cells that parse.ts turns into arrays.
@preprocessor typescript
@{%
// @ts-nocheck
import { NixLexer } from "./lexer.js";
import * as A from "./grammar-actions.js";
const lexer = new NixLexer();
%}
@lexer lexer

main -> expr {% id %}

expr -> expr_function {% id %}

expr_function ->
    %ident %colon expr_function {% A.lambdaSimple %}
  | %lbrace formals %rbrace %colon expr_function {% A.lambdaSet %}
  | %lbrace formals %rbrace %at %ident %colon expr_function {% A.lambdaSetAt %}
  | %ident %at %lbrace formals %rbrace %colon expr_function {% A.lambdaAtSet %}
  | %kw_assert expr %semi expr_function {% A.assert %}
  | %kw_with expr %semi expr_function {% A.with_ %}
  | %kw_let binds %kw_in expr_function {% A.let_ %}
  | expr_if {% id %}

expr_if ->
    %kw_if expr %kw_then expr %kw_else expr {% A.if_ %}
  | impl {% id %}

impl -> or_ {% id %} | impl_l %impl or_ {% A.rightChain %}
impl_l -> or_ {% A.chainStart %} | impl_l %impl or_ {% A.chainAdd %}

or_ -> or_ %or_op and_ {% A.binop %} | and_ {% id %}
and_ -> and_ %and eq {% A.binop %} | eq {% id %}
eq -> cmp %eq cmp {% A.binop %} | cmp %neq cmp {% A.binop %} | cmp {% id %}
cmp -> upd %lt upd {% A.binop %} | upd %leq upd {% A.binop %} | upd %gt upd {% A.binop %}
  | upd %geq upd {% A.binop %} | upd {% id %}

upd -> not {% id %} | upd_l %update not {% A.rightChain %}
upd_l -> not {% A.chainStart %} | upd_l %update not {% A.chainAdd %}

not -> %not not {% A.not %} | add {% id %}
add -> add %plus mul {% A.binop %} | add %minus mul {% A.binop %} | mul {% id %}
mul -> mul %star cat {% A.binop %} | mul %slash cat {% A.binop %} | cat {% id %}

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
    %ident {% A.var_ %}
  | %int {% A.int %}
  | %float {% A.float %}
  | %dquote string_parts %strEnd {% A.string %}
  | %istrOpen ind_parts %istrClose {% A.indString %}
  | path_start %pathEnd {% id %}
  | path_start path_parts %pathEnd {% A.pathInterp %}
  | %spath {% A.spath %}
  | %uri {% A.uri %}
  | %lparen expr %rparen {% A.paren %}
  | %kw_let %lbrace binds %rbrace {% A.letAttrs %}
  | %kw_rec %lbrace binds %rbrace {% A.recAttrs %}
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

path_start -> %path {% A.path %} | %hpath {% A.path %}

path_parts ->
    %interp expr %rbrace {% A.firstInterp %}
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
    attrpath %dot attr {% A.consAdd2 %}
  | attrpath %dot string_attr {% A.consAdd2 %}
  | attr {% A.chainStart %}
  | string_attr {% A.chainStart %}

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
