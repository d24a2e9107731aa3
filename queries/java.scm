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
