; kota tags query for Java.
;
; Captures:
;   class     classes (top-level, nested, local; anonymous classes have no name
;             and are not captured, their members are) and records
;   interface interfaces and annotation types (@interface)
;   enum      enums; their constants are variants
;   variant   enum constants
;   method    methods (incl. abstract/interface/default methods), constructors,
;             compact record constructors, annotation type elements
;             (`String value() default "";`)
;   field     fields and interface constants (each declarator of `int a, b;`),
;             record components (`record P(int x, int y)`)
;   module    module declarations (module-info.java)
; Not captured: package declarations, local variables, parameters, lambdas,
; initializer blocks.
;
; A field declaration with a single declarator is captured whole
; (`private int x = 1;`, so the signature line keeps modifiers and type; one
; comment before or after the declarator is allowed); with
; several declarators each variable_declarator is its own definition (found
; through an adjacent declarator, possibly across one comment).  (The `@_prev`
; captures are needed: tree-sitter 0.20 drops repeated matches of a sibling
; pattern whose first step captures nothing.)

(class_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(annotation_type_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(enum_constant name: (identifier) @name) @definition.variant

(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.method
(compact_constructor_declaration name: (identifier) @name) @definition.method
(annotation_type_element_declaration name: (identifier) @name) @definition.method

(record_declaration
  parameters: (formal_parameters
    (formal_parameter name: (identifier) @name) @definition.field))

(field_declaration
  type: (_) .
  declarator: (variable_declarator name: (identifier) @name) .) @definition.field
(field_declaration
  type: (_) . [(line_comment) (block_comment)] .
  declarator: (variable_declarator name: (identifier) @name) .) @definition.field
(field_declaration
  type: (_) .
  declarator: (variable_declarator name: (identifier) @name) .
  [(line_comment) (block_comment)] .) @definition.field
(field_declaration
  (variable_declarator) @_prev .
  (variable_declarator name: (identifier) @name) @definition.field)
(field_declaration
  (variable_declarator name: (identifier) @name) @definition.field .
  (variable_declarator))
(field_declaration
  (variable_declarator) @_prev . [(line_comment) (block_comment)] .
  (variable_declarator name: (identifier) @name) @definition.field)
(field_declaration
  (variable_declarator name: (identifier) @name) @definition.field .
  [(line_comment) (block_comment)] . (variable_declarator))

(constant_declaration
  type: (_) .
  declarator: (variable_declarator name: (identifier) @name) .) @definition.field
(constant_declaration
  type: (_) . [(line_comment) (block_comment)] .
  declarator: (variable_declarator name: (identifier) @name) .) @definition.field
(constant_declaration
  type: (_) .
  declarator: (variable_declarator name: (identifier) @name) .
  [(line_comment) (block_comment)] .) @definition.field
(constant_declaration
  (variable_declarator) @_prev .
  (variable_declarator name: (identifier) @name) @definition.field)
(constant_declaration
  (variable_declarator name: (identifier) @name) @definition.field .
  (variable_declarator))
(constant_declaration
  (variable_declarator) @_prev . [(line_comment) (block_comment)] .
  (variable_declarator name: (identifier) @name) @definition.field)
(constant_declaration
  (variable_declarator name: (identifier) @name) @definition.field .
  [(line_comment) (block_comment)] . (variable_declarator))

(module_declaration
  name: [(identifier) (scoped_identifier)] @name) @definition.module

;; ---- references ----
;; Calls: m(x), obj.m(x), Type.m(x) (qualifier "obj." / "Type."), method
;; references Type::m (call).  new T(..), new a.b.T(..) (class, the package
;; as qualifier), and superclasses, extends T (class).  implements I, and
;; an interface's extends (implementation).  Type names where the grammar
;; says type (declarations, parameters, fields, casts, instanceof, generic
;; bases and their arguments, T.class), annotations (type).  Imports, named
;; by their last part with the rest as qualifier (import a.b.C: C, "a.b.";
;; import a.b.*: b, "a.").  Not captured: var, primitive types, static
;; imports' members as calls, constructor calls this(..) and super(..).
(method_invocation !object name: (identifier) @name) @reference.call
(method_invocation object: (_) @qualifier name: (identifier) @name) @reference.call
(method_reference (_) @qualifier . (identifier) @name .) @reference.call
(object_creation_expression type: (type_identifier) @name) @reference.class
(object_creation_expression type: (generic_type (type_identifier) @name)) @reference.class
(object_creation_expression
  type: (scoped_type_identifier (_) @qualifier . (type_identifier) @name .)) @reference.class
(object_creation_expression
  type: (generic_type (scoped_type_identifier (_) @qualifier . (type_identifier) @name .))) @reference.class
(superclass (type_identifier) @name) @reference.class
(superclass (generic_type (type_identifier) @name)) @reference.class
(super_interfaces (type_list (type_identifier) @name)) @reference.implementation
(super_interfaces (type_list (generic_type (type_identifier) @name))) @reference.implementation
(extends_interfaces (type_list (type_identifier) @name)) @reference.implementation
(extends_interfaces (type_list (generic_type (type_identifier) @name))) @reference.implementation
(_ type: (type_identifier) @name) @reference.type
(_ type: (generic_type (type_identifier) @name)) @reference.type
(_ type: (scoped_type_identifier (_) @qualifier . (type_identifier) @name .)) @reference.type
(type_arguments (type_identifier) @name) @reference.type
(_ element: (type_identifier) @name) @reference.type
(class_literal (type_identifier) @name) @reference.type
(instanceof_expression right: (type_identifier) @name) @reference.type
(marker_annotation name: (identifier) @name) @reference.type
(annotation name: (identifier) @name) @reference.type
(import_declaration (scoped_identifier scope: (_) @qualifier name: (identifier) @name)) @reference.import
