; kota tags query for what JavaScript and TypeScript share: not a language of
; its own, but the start of javascript.scm and typescript.scm, which both
; begin with `; inherits: ecma` and add what only their grammars have (class
; fields, class names, and TypeScript's types, signatures, enums and
; namespaces).  Every pattern here must compile with the javascript, the
; typescript and the tsx grammars.
;
; Captures:
;   class     `const C = class {}`, `module.exports = class {}` / `X.C = class {}`
;             (named after the assigned identifier or property),
;             `X.prototype = {...}` (named X)
;   method    methods (class bodies and object literals: get/set/static/async/
;             generator, #private, 'string' and [computed] names; a [computed]
;             name that is a plain string literal is named by its contents),
;             object-literal properties whose value is a function
;             (`m: function(){}`, `m: () => {}`), `this.m = function(){}`,
;             `X.prototype.m = function(){}` and `X.prototype.m = otherFunction`
;             (prototype aliases)
;   function  function / generator declarations (at any depth), named function
;             expressions, `const f = () => {}` / `var f = function(){}` (any
;             depth), `f = function(){}` / `exports.f = () => {}` assignments
;   variable  top-level const/let/var declarators (plain or `export`ed) whose
;             value is not a function or class; at any depth, declarators
;             initialized by an immediately invoked function (`const m =
;             (function(){ ... })();`, one declarator) and objects with methods
;             assigned to a name or property (`window.ns = { f() {} }`)
; Not captured: destructuring patterns (`const {a, b} = ...`), anonymous default
; exports, plain property assignments (`exports.x = 1`), object literals of
; data only below top level or assigned (`module.exports = {a: 1}`; ctags calls
; every object literal bound to a name a class), other variables below top
; level, `a[k] = function(){}`, parenthesized functions (`f = (() => 1)`),
; IIFEs assigned (`x = (function(){})()`), a class for `X.prototype.m = ...`
; (ctags makes X a class there, also a built-in extended by a polyfill:
; `String.prototype.trim = ...`).
;
; A declaration with a single declarator is captured whole (`const f = () => {};`)
; so the signature line keeps its keyword; with several declarators
; (`const a = 1, f = () => {};`) each variable_declarator is its own definition,
; found through an adjacent declarator (possibly across one comment).  The
; `@_prev` captures are needed: tree-sitter 0.20 drops repeated matches of a
; sibling pattern whose first step captures nothing.
;
; The patterns of the inheriting queries come after these, and the first
; pattern that matches a node wins: theirs capture other nodes than these,
; but for TypeScript's variables in namespaces and `declare`, which are
; variables here too.

; ---- methods ----------------------------------------------------------------

(method_definition
  name: [
    (string (string_fragment) @name)
    (computed_property_name (string (string_fragment) @name))
  ]) @definition.method
(method_definition
  name: [(property_identifier) (private_property_identifier)
    (computed_property_name) (number)] @name) @definition.method

; object-literal properties whose value is a function
(pair
  key: [
    (string (string_fragment) @name)
    (computed_property_name (string (string_fragment) @name))
  ]
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method
(pair
  key: [(property_identifier) (computed_property_name) (number)] @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method

; this.m = function(){}
(assignment_expression
  left: (member_expression
    object: (this)
    property: (_) @name)
  right: [(arrow_function) (function_expression) (generator_function)]) @definition.method

; X.prototype.m = function(){} / X.prototype.m = otherFunction, qualified (for
; ids) by X.prototype: X's m and Y's m in one file need no ordinal
((assignment_expression
  left: (member_expression
    object: (member_expression property: (property_identifier) @_proto) @scope
    property: (property_identifier) @name)
  right: [(arrow_function) (function_expression) (generator_function)
          (identifier) (member_expression)]) @definition.method
  (#eq? @_proto "prototype"))

; ---- classes ----------------------------------------------------------------

; X.prototype = { ... }: the class X (or a.X), its methods in the object
((assignment_expression
  left: (member_expression
    object: [(identifier) @name (member_expression property: (property_identifier) @name)]
    property: (property_identifier) @_proto)
  right: (object)) @definition.class
  (#eq? @_proto "prototype"))


[
  (lexical_declaration . (variable_declarator
      name: (identifier) @name
      value: (class)) .) @definition.class
  (variable_declaration . (variable_declarator
      name: (identifier) @name
      value: (class)) .) @definition.class
]
(lexical_declaration
  [
    ((variable_declarator) @_prev .
     (variable_declarator
       name: (identifier) @name
       value: (class)) @definition.class)
    ((variable_declarator
       name: (identifier) @name
       value: (class)) @definition.class .
     (variable_declarator))
    ((variable_declarator) @_prev . (comment) .
     (variable_declarator
       name: (identifier) @name
       value: (class)) @definition.class)
    ((variable_declarator
       name: (identifier) @name
       value: (class)) @definition.class .
     (comment) . (variable_declarator))
  ])
(variable_declaration
  [
    ((variable_declarator) @_prev .
     (variable_declarator
       name: (identifier) @name
       value: (class)) @definition.class)
    ((variable_declarator
       name: (identifier) @name
       value: (class)) @definition.class .
     (variable_declarator))
    ((variable_declarator) @_prev . (comment) .
     (variable_declarator
       name: (identifier) @name
       value: (class)) @definition.class)
    ((variable_declarator
       name: (identifier) @name
       value: (class)) @definition.class .
     (comment) . (variable_declarator))
  ])

(assignment_expression
  left: [(identifier) @name (member_expression property: (property_identifier) @name)]
  right: (class)) @definition.class

; ---- functions ----------------------------------------------------------

(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function

[
  (lexical_declaration . (variable_declarator
      name: (identifier) @name
      value: [(arrow_function) (function_expression) (generator_function)]) .) @definition.function
  (variable_declaration . (variable_declarator
      name: (identifier) @name
      value: [(arrow_function) (function_expression) (generator_function)]) .) @definition.function
]
(lexical_declaration
  [
    ((variable_declarator) @_prev .
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)
    ((variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function .
     (variable_declarator))
    ((variable_declarator) @_prev . (comment) .
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)
    ((variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function .
     (comment) . (variable_declarator))
  ])
(variable_declaration
  [
    ((variable_declarator) @_prev .
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)
    ((variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function .
     (variable_declarator))
    ((variable_declarator) @_prev . (comment) .
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)
    ((variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function .
     (comment) . (variable_declarator))
  ])

; f = function(){} / exports.f = () => {}
(assignment_expression
  left: [(identifier) @name (member_expression property: (property_identifier) @name)]
  right: [(arrow_function) (function_expression) (generator_function)]) @definition.function

; named function expressions (`module.exports = function name() {}`, callbacks)
(function_expression name: (identifier) @name) @definition.function
(generator_function name: (identifier) @name) @definition.function

; ---- variables ----------------------------------------------------------
; Declarations with function or class values were taken above (first pattern
; wins).  `export` occurs only at top level (and in TypeScript's namespace
; bodies), so those patterns need no container (patterns rooted at `program`
; are costly: keep them few).  In them a wildcard stands for
; lexical_declaration and variable_declaration, the only nodes with
; variable_declarator children (the wildcard does not match ERROR nodes).

; Objects with methods assigned to a name or property (`window.ns = { f() {} }`,
; `module.exports = { f: () => 1 }`; any depth): namespaces, named after the
; identifier or property.  Objects of data only are not captured.
(assignment_expression
  left: [(identifier) @name (member_expression property: (property_identifier) @name)]
  right: (object
    [(method_definition)
     (pair value: [(arrow_function) (function_expression) (generator_function)])])) @definition.variable

(export_statement declaration:
  (_ . (variable_declarator name: (identifier) @name) .) @definition.variable)
(export_statement declaration:
  (_
    [
      ((variable_declarator) @_prev .
       (variable_declarator name: (identifier) @name) @definition.variable)
      ((variable_declarator name: (identifier) @name) @definition.variable .
       (variable_declarator))
      ((variable_declarator) @_prev . (comment) .
       (variable_declarator name: (identifier) @name) @definition.variable)
      ((variable_declarator name: (identifier) @name) @definition.variable .
       (comment) . (variable_declarator))
    ]))
(program
  (_ . (variable_declarator name: (identifier) @name) .) @definition.variable)
(program
  (_
    [
      ((variable_declarator) @_prev .
       (variable_declarator name: (identifier) @name) @definition.variable)
      ((variable_declarator name: (identifier) @name) @definition.variable .
       (variable_declarator))
      ((variable_declarator) @_prev . (comment) .
       (variable_declarator name: (identifier) @name) @definition.variable)
      ((variable_declarator name: (identifier) @name) @definition.variable .
       (comment) . (variable_declarator))
    ]))

; Declarators initialized by an immediately invoked function, at any depth (the
; module pattern `const m = (function () { ... return ...; })();`, common in
; files whose whole code is wrapped in an IIFE).  At top level the patterns
; above took them already.  Only a declaration's single declarator: the
; sibling patterns of several declarators would double the query's time.
[
  (lexical_declaration . (variable_declarator
      name: (identifier) @name
      value: [
        (call_expression
          function: (parenthesized_expression [(function_expression) (arrow_function)]))
        (parenthesized_expression
          (call_expression function: [(function_expression) (arrow_function)]))
        (call_expression function: (function_expression))]) .) @definition.variable
  (variable_declaration . (variable_declarator
      name: (identifier) @name
      value: [
        (call_expression
          function: (parenthesized_expression [(function_expression) (arrow_function)]))
        (parenthesized_expression
          (call_expression function: [(function_expression) (arrow_function)]))
        (call_expression function: (function_expression))]) .) @definition.variable
]

;; ---- references (JavaScript and TypeScript) ----
;; Calls: f(x), obj.m(x) (qualifier: the object's text and "."; for a
;; chain, the text from its start); require("mod") is an import, not a
;; call.  new X(..), new ns.X(..) (class).  Imports: the module of import
;; ... from "mod" and require("mod") (named by the last part of its path,
;; the rest as qualifier: ./lib/util is util, "./lib/"), and each name
;; imported by name (import { a, b as c }: a, b).  Not captured: calls of
;; computed members (obj[k]()), tagged templates, dynamic import(), names
;; passed around without a call.
((call_expression function: (identifier) @name) @reference.call
  (#not-eq? @name "require"))
((call_expression function: (identifier) @_req arguments: (arguments . (string (string_fragment) @name) .))
  @reference.import
  (#eq? @_req "require"))
(call_expression
  function: (member_expression object: (_) @qualifier property: (property_identifier) @name)) @reference.call
(new_expression constructor: (identifier) @name) @reference.class
(new_expression
  constructor: (member_expression object: (_) @qualifier property: (property_identifier) @name)) @reference.class
(import_statement source: (string (string_fragment) @name)) @reference.import
(import_specifier name: (identifier) @name) @reference.import
