; inherits: ecma
; kota tags query for JavaScript (and JSX, which the javascript grammar parses):
; ecma.scm, what it shares with TypeScript, and then what only the javascript
; grammar has.
;
; Captures (besides those of ecma.scm):
;   class     class declarations, named class expressions
;   method    class fields whose value is a function
;   field     other class fields (`x = 1;`, `static #y;`)

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

(class_declaration name: (identifier) @name) @definition.class
(class name: (identifier) @name) @definition.class

;; ---- references (besides those of ecma.scm) ----
;; class A extends B / extends ns.B (class); JSX elements named with a
;; capital, <Foo />, <Foo.Bar> (class: a component used).
(class_heritage (identifier) @name) @reference.class
(class_heritage (member_expression object: (_) @qualifier property: (property_identifier) @name)) @reference.class
((jsx_opening_element name: (identifier) @name) @reference.class
  (#match? @name "^[A-Z]"))
((jsx_self_closing_element name: (identifier) @name) @reference.class
  (#match? @name "^[A-Z]"))
(jsx_opening_element name: (member_expression object: (_) @qualifier property: (property_identifier) @name)) @reference.class
(jsx_self_closing_element name: (member_expression object: (_) @qualifier property: (property_identifier) @name)) @reference.class
