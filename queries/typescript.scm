; kota tags query for TypeScript, and for TSX too (parse/lang.c), whose
; grammar adds JSX nodes that define nothing.
;
; Captures (the JavaScript constructs of javascript.scm, plus TypeScript's):
;   class     class / abstract class declarations (also `declare class`), named
;             class expressions, `const C = class {}`, `X.C = class {}`,
;             `X.prototype = {...}` (named X)
;   interface interface declarations
;   method    methods in classes (incl. overload and abstract signatures,
;             get/set, #private, 'string'/[computed] names), method signatures
;             in interfaces and in object types of type aliases, construct
;             signatures there (named "new"), class fields whose value is a
;             function, object-literal methods and function-valued properties,
;             `this.m = function(){}`, `X.prototype.m = ...`
;   field     class fields, constructor parameter properties
;             (`constructor(private x: T)`; their parent is the constructor),
;             property signatures in interfaces and in type-alias object types
;   type      type aliases
;   enum      enums (also const / declare enums)
;   variant   enum members
;   namespace `namespace A.B {}`, `module M {}`, `declare module 'pkg' {}`
;             (named by the string contents)
;   function  function / generator declarations (any depth), overload and
;             `declare function` signatures, named function expressions,
;             `const f = () => {}` (any depth), `f = function(){}` assignments
;   variable  const/let/var declarators at top level, in namespace/module bodies
;             and in `declare global {}` (plain, `export`ed or `declare`d) whose
;             value is not a function or class; at any depth, declarators
;             initialized by an immediately invoked function (one declarator)
;             and objects with methods assigned to a name or property
; Not captured: destructuring patterns, anonymous default exports, call and
; index signatures, members of inline object types (`f(o: { a: string })`),
; `declare global` itself, `export =`, import aliases, plain property
; assignments, object literals of data only below top level or assigned,
; `a[k] = function(){}`, a class for `X.prototype.m = ...` (see javascript.scm).
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

; overload signatures in classes
(class_body
  (method_signature
    name: [
      (string (string_fragment) @name)
      (computed_property_name (string (string_fragment) @name))
    ]) @definition.method)
(class_body
  (method_signature
    name: [(property_identifier) (private_property_identifier)
      (computed_property_name) (number)] @name) @definition.method)
(abstract_method_signature
  name: [
    (string (string_fragment) @name)
    (computed_property_name (string (string_fragment) @name))
  ]) @definition.method
(abstract_method_signature
  name: [(property_identifier) (private_property_identifier)
    (computed_property_name) (number)] @name) @definition.method

; class fields: a function value makes a method
(public_field_definition
  name: [
    (string (string_fragment) @name)
    (computed_property_name (string (string_fragment) @name))
  ]
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method
(public_field_definition
  name: [(property_identifier) (private_property_identifier)
    (computed_property_name) (number)] @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method
(public_field_definition
  name: [
    (string (string_fragment) @name)
    (computed_property_name (string (string_fragment) @name))
  ]) @definition.field
(public_field_definition
  name: [(property_identifier) (private_property_identifier)
    (computed_property_name) (number)] @name) @definition.field

; constructor parameter properties (`constructor(private x: T)`)
(required_parameter
  [(accessibility_modifier) (override_modifier) "readonly"]
  pattern: (identifier) @name) @definition.field
(optional_parameter
  [(accessibility_modifier) (override_modifier) "readonly"]
  pattern: (identifier) @name) @definition.field

; members of interfaces and of type aliases' object types
(interface_body
  (method_signature
    name: [
      (string (string_fragment) @name)
      (computed_property_name (string (string_fragment) @name))
    ]) @definition.method)
(interface_body
  (method_signature
    name: [(property_identifier) (private_property_identifier)
      (computed_property_name) (number)] @name) @definition.method)
(interface_body
  (property_signature
    name: [
      (string (string_fragment) @name)
      (computed_property_name (string (string_fragment) @name))
    ]) @definition.field)
(interface_body
  (property_signature
    name: [(property_identifier) (private_property_identifier)
      (computed_property_name) (number)] @name) @definition.field)
(interface_body (construct_signature "new" @name) @definition.method)
(type_alias_declaration value: (object_type
  (method_signature
    name: [
      (string (string_fragment) @name)
      (computed_property_name (string (string_fragment) @name))
    ]) @definition.method))
(type_alias_declaration value: (object_type
  (method_signature
    name: [(property_identifier) (private_property_identifier)
      (computed_property_name) (number)] @name) @definition.method))
(type_alias_declaration value: (object_type
  (property_signature
    name: [
      (string (string_fragment) @name)
      (computed_property_name (string (string_fragment) @name))
    ]) @definition.field))
(type_alias_declaration value: (object_type
  (property_signature
    name: [(property_identifier) (private_property_identifier)
      (computed_property_name) (number)] @name) @definition.field))
(type_alias_declaration
  value: (object_type (construct_signature "new" @name) @definition.method))

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

; ---- classes and other types ------------------------------------------------

; X.prototype = { ... }: the class X (or a.X), its methods in the object
((assignment_expression
  left: (member_expression
    object: [(identifier) @name (member_expression property: (property_identifier) @name)]
    property: (property_identifier) @_proto)
  right: (object)) @definition.class
  (#eq? @_proto "prototype"))

(class_declaration name: (type_identifier) @name) @definition.class
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(class name: (type_identifier) @name) @definition.class

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

(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type

(enum_declaration name: (identifier) @name) @definition.enum
(enum_body
  name: [
    (string (string_fragment) @name)
    (computed_property_name (string (string_fragment) @name))
  ] @definition.variant)
(enum_body
  name: [(property_identifier) (computed_property_name) (number)] @name @definition.variant)
(enum_assignment
  name: [
    (string (string_fragment) @name)
    (computed_property_name (string (string_fragment) @name))
  ]) @definition.variant
(enum_assignment
  name: [(property_identifier) (computed_property_name) (number)] @name) @definition.variant

(internal_module name: (string (string_fragment) @name)) @definition.namespace
(internal_module name: [(identifier) (nested_identifier)] @name) @definition.namespace
(module name: (string (string_fragment) @name)) @definition.namespace
(module name: [(identifier) (nested_identifier)] @name) @definition.namespace

; ---- functions ----------------------------------------------------------

(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(function_signature name: (identifier) @name) @definition.function

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
; wins).  `export` and `declare` occurs only at top level and in namespace/module bodies, so
; those patterns need no container (patterns rooted at `program` are costly:
; keep them few).

; Objects with methods assigned to a name or property (`window.ns = { f() {} }`,
; `module.exports = { f: () => 1 }`; any depth): namespaces, named after the
; identifier or property.  Objects of data only are not captured.
(assignment_expression
  left: [(identifier) @name (member_expression property: (property_identifier) @name)]
  right: (object
    [(method_definition)
     (pair value: [(arrow_function) (function_expression) (generator_function)])])) @definition.variable

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
(ambient_declaration
  [
    (lexical_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
    (variable_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
  ])
(ambient_declaration
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
(ambient_declaration
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
(internal_module body: (statement_block
  [
    (lexical_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
    (variable_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
  ]))
(internal_module body: (statement_block
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
    ])))
(internal_module body: (statement_block
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
    ])))
(module body: (statement_block
  [
    (lexical_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
    (variable_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
  ]))
(module body: (statement_block
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
    ])))
(module body: (statement_block
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
    ])))
(ambient_declaration (statement_block
  [
    (lexical_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
    (variable_declaration . (variable_declarator name: (identifier) @name) .) @definition.variable
  ]))
(ambient_declaration (statement_block
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
    ])))
(ambient_declaration (statement_block
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
    ])))

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
