; inherits: ecma
; kota tags query for TypeScript, and for TSX too (parse/lang.c), whose
; grammar adds JSX nodes that define nothing: ecma.scm, what it shares with
; JavaScript, and then what only the typescript grammar has.
;
; Captures (besides those of ecma.scm):
;   class     class / abstract class declarations (also `declare class`), named
;             class expressions
;   interface interface declarations
;   method    overload signatures in classes (the last of a run only: an
;             overloaded method is one symbol, its body where it has one),
;             abstract signatures, method signatures
;             in interfaces and in object types of type aliases, construct
;             signatures there (named "new"), class fields whose value is a
;             function
;   field     class fields, constructor parameter properties
;             (`constructor(private x: T)`; their parent is the constructor),
;             property signatures in interfaces and in type-alias object types
;   type      type aliases
;   enum      enums (also const / declare enums)
;   variant   enum members
;   namespace `namespace A.B {}`, `module M {}`, `declare module 'pkg' {}`
;             (named by the string contents)
;   function  `declare function` signatures, and overload signatures with
;             no body after them (the last of a run only)
;   variable  const/let/var declarators in namespace/module bodies and in
;             `declare global {}`, and `declare`d ones (whose value is not a
;             function or class, which ecma.scm took)
; Not captured: call and index signatures, members of inline object types
; (`f(o: { a: string })`), `declare global` itself, `export =`, import
; aliases (and what ecma.scm does not capture).

; ---- methods, fields ----------------------------------------------------

; overload signatures in classes: only one not followed by another
; declaration of the same name (#kota-overloaded?, as for functions below)
((class_body
  (method_signature
    name: [
      (string (string_fragment) @name)
      (computed_property_name (string (string_fragment) @name))
    ]) @definition.method)
  (#not-kota-overloaded? @definition.method))
((class_body
  (method_signature
    name: [(property_identifier) (private_property_identifier)
      (computed_property_name) (number)] @name) @definition.method)
  (#not-kota-overloaded? @definition.method))
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

; ---- classes and other types ------------------------------------------------

(class_declaration name: (type_identifier) @name) @definition.class
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(class name: (type_identifier) @name) @definition.class

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

;; An overloaded function is one symbol: of its signatures and body, which
;; TypeScript writes one after another, only the last is kept (the body
;; where there is one; in a .d.ts the last signature); see
;; #kota-overloaded? in parse/query.c.
((function_signature name: (identifier) @name) @definition.function
  (#not-kota-overloaded? @definition.function))

; ---- variables ----------------------------------------------------------
; `declare` occurs only at top level and in namespace/module bodies, so those
; patterns need no container; their wildcards and the patterns of several
; declarators are explained in ecma.scm.
(ambient_declaration
  (_ . (variable_declarator name: (identifier) @name) .) @definition.variable)
(ambient_declaration
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
(internal_module body: (statement_block
  (_ . (variable_declarator name: (identifier) @name) .) @definition.variable))
(internal_module body: (statement_block
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
    ])))
(module body: (statement_block
  (_ . (variable_declarator name: (identifier) @name) .) @definition.variable))
(module body: (statement_block
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
    ])))
(ambient_declaration (statement_block
  (_ . (variable_declarator name: (identifier) @name) .) @definition.variable))
(ambient_declaration (statement_block
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
    ])))

;; ---- references (besides those of ecma.scm) ----
;; class A extends B (class), implements I and an interface's extends
;; (implementation); type names in annotations, return types, type
;; arguments, generic bases, `as T`, `satisfies T` and type aliases'
;; right sides (type, a namespace as qualifier: ns.T).  Not captured: JSX
;; elements in .tsx (this query is shared with the typescript grammar,
;; which has no JSX nodes), types inside conditional, mapped and indexed
;; access types, typeof queries.
(class_heritage (extends_clause value: (identifier) @name)) @reference.class
(class_heritage
  (extends_clause value: (member_expression object: (_) @qualifier property: (property_identifier) @name)))
  @reference.class
(implements_clause (type_identifier) @name) @reference.implementation
(implements_clause (generic_type name: (type_identifier) @name)) @reference.implementation
(extends_type_clause type: (type_identifier) @name) @reference.implementation
(extends_type_clause type: (generic_type name: (type_identifier) @name)) @reference.implementation
(type_annotation (type_identifier) @name) @reference.type
(type_annotation (nested_type_identifier module: (_) @qualifier name: (type_identifier) @name)) @reference.type
(generic_type name: (type_identifier) @name) @reference.type
(generic_type name: (nested_type_identifier module: (_) @qualifier name: (type_identifier) @name)) @reference.type
(type_arguments (type_identifier) @name) @reference.type
(array_type (type_identifier) @name) @reference.type
(union_type (type_identifier) @name) @reference.type
(as_expression (type_identifier) @name) @reference.type
(type_alias_declaration value: (type_identifier) @name) @reference.type
