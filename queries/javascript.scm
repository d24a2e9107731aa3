; kota tags query for JavaScript (and JSX, which the javascript grammar parses).
;
; Captures:
;   class     class declarations, named class expressions, `const C = class {}`,
;             `module.exports = class {}` / `X.C = class {}` (named after the
;             assigned identifier or property)
;   method    methods (class bodies and object literals: get/set/static/async/
;             generator, #private, 'string' and [computed] names; a [computed]
;             name that is a plain string literal is named by its contents),
;             class fields whose value is a function, object-literal properties
;             whose value is a function (`m: function(){}`, `m: () => {}`),
;             `this.m = function(){}`, `X.prototype.m = function(){}` and
;             `X.prototype.m = otherFunction` (prototype aliases)
;   field     other class fields (`x = 1;`, `static #y;`)
;   function  function / generator declarations (at any depth), named function
;             expressions, `const f = () => {}` / `var f = function(){}` (any
;             depth), `f = function(){}` / `exports.f = () => {}` assignments
;   variable  top-level const/let/var declarators (plain or `export`ed) whose
;             value is not a function or class
; Not captured: destructuring patterns (`const {a, b} = ...`), anonymous default
; exports, plain property assignments (`exports.x = 1`), object literals
; (ctags calls some of them classes), variables below top level,
; `a[k] = function(){}`, parenthesized/IIFE right-hand sides.
;
; A declaration with a single declarator is captured whole (`const f = () => {};`)
; so the signature line keeps its keyword; with several declarators
; (`const a = 1, f = () => {};`) each variable_declarator is its own definition,
; found through an adjacent declarator (possibly across one comment).  The
; `@_prev` captures are needed: tree-sitter 0.20 drops repeated matches of a
; sibling pattern whose first step captures nothing.

; ---- methods, fields ----------------------------------------------------

(method_definition
  name: [
    (string (string_fragment) @name)
    (computed_property_name (string (string_fragment) @name))
  ]) @definition.method
(method_definition
  name: [(property_identifier) (private_property_identifier)
    (computed_property_name) (number)] @name) @definition.method

; class fields: a function value makes a method
(field_definition
  property: [
    (string (string_fragment) @name)
    (computed_property_name (string (string_fragment) @name))
  ]
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method
(field_definition
  property: [(property_identifier) (private_property_identifier)
    (computed_property_name) (number)] @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method
(field_definition
  property: [
    (string (string_fragment) @name)
    (computed_property_name (string (string_fragment) @name))
  ]) @definition.field
(field_definition
  property: [(property_identifier) (private_property_identifier)
    (computed_property_name) (number)] @name) @definition.field

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

; X.prototype.m = function(){} / X.prototype.m = otherFunction
((assignment_expression
  left: (member_expression
    object: (member_expression property: (property_identifier) @_proto)
    property: (property_identifier) @name)
  right: [(arrow_function) (function_expression) (generator_function)
          (identifier) (member_expression)]) @definition.method
  (#eq? @_proto "prototype"))

; ---- classes ----------------------------------------------------------------

(class_declaration name: (identifier) @name) @definition.class
(class name: (identifier) @name) @definition.class

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
; wins).  `export` occurs only at top level, so
; those patterns need no container (patterns rooted at `program` are costly:
; keep them few).

(export_statement declaration:
  [
    (lexical_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
    (variable_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
  ])
(export_statement declaration:
  (lexical_declaration
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
(export_statement declaration:
  (variable_declaration
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
  [
    (lexical_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
    (variable_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
  ])
(program
  (lexical_declaration
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
  (variable_declaration
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
