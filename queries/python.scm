; kota tags query for Python (tree-sitter-python 0.23).
;
; Captures:
;   class     class_definition (decorated or not; the range is the
;             class_definition itself, from `class`, without its decorators)
;   method    function_definition directly in a class body, decorated or not,
;             or one if/elif/else/try/except/finally level down in it
;             (range: the function_definition node, from `def`/`async def`,
;             NOT the enclosing decorated_definition), and a class-level
;             `name = lambda ...` (range: the assignment)
;   function  every other function_definition: top level, nested in a
;             function or method, under if/try/with/for elsewhere; and a
;             `name = lambda ...` assignment outside class bodies
;   field     class-level assignments `x = ...`, `x: T = ...`, `x: T`
;             directly in a class body (plain identifier target only)
;   variable  module-level assignments `X = ...`, `X: T = ...`, `X: T`
;             directly in the module (plain identifier target; in a chain
;             `a = b = 1` only the first name)
;             and each name of an unpacking `a, b = ...` / `(a, b) = ...` at
;             module or class level
; Not captured: nested unpacking (`a, (b, c) = ...`), starred targets, attribute and
; subscript targets (`self.x = ...`), augmented assignments, assignments under
; if/try at module level, imports, type aliases (`type X = ...`), parameters.

; --- methods: functions directly in a class body (must precede function) ---
(class_definition
  body: (block
    (function_definition
      name: (identifier) @name) @definition.method))

(class_definition
  body: (block
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name) @definition.method)))

(class_definition
  body: (block
    (expression_statement
      (assignment
        left: (identifier) @name
        right: (lambda)) @definition.method)))

; methods one if/try level down in a class body (`if sys.platform...: def m`)
(class_definition
  body: (block
    [(if_statement
       consequence: (block
         [(function_definition name: (identifier) @name) @definition.method
          (decorated_definition
            definition: (function_definition name: (identifier) @name) @definition.method)]))
     (if_statement
       alternative: (elif_clause
         consequence: (block
           [(function_definition name: (identifier) @name) @definition.method
            (decorated_definition
              definition: (function_definition name: (identifier) @name) @definition.method)])))
     (if_statement
       alternative: (else_clause
         body: (block
           [(function_definition name: (identifier) @name) @definition.method
            (decorated_definition
              definition: (function_definition name: (identifier) @name) @definition.method)])))
     (try_statement
       body: (block
         [(function_definition name: (identifier) @name) @definition.method
          (decorated_definition
            definition: (function_definition name: (identifier) @name) @definition.method)]))
     (try_statement
       [(except_clause
          (block
            [(function_definition name: (identifier) @name) @definition.method
             (decorated_definition
               definition: (function_definition name: (identifier) @name) @definition.method)]))
        (else_clause
          body: (block
            [(function_definition name: (identifier) @name) @definition.method
             (decorated_definition
               definition: (function_definition name: (identifier) @name) @definition.method)]))
        (finally_clause
          (block
            [(function_definition name: (identifier) @name) @definition.method
             (decorated_definition
               definition: (function_definition name: (identifier) @name) @definition.method)]))])]))

; --- classes and functions anywhere ---
(class_definition
  name: (identifier) @name) @definition.class

(function_definition
  name: (identifier) @name) @definition.function

(assignment
  left: (identifier) @name
  right: (lambda)) @definition.function

; --- class-level fields ---
(class_definition
  body: (block
    (expression_statement
      (assignment
        left: (identifier) @name) @definition.field)))

(class_definition
  body: (block
    (expression_statement
      (assignment
        left: [(pattern_list (identifier) @name)
               (tuple_pattern (identifier) @name)]) @definition.field)))

; --- module-level variables ---
(module
  (expression_statement
    (assignment
      left: (identifier) @name) @definition.variable))
; unpacking: `dump, dumps, load, loads = ...` names each
(module
  (expression_statement
    (assignment
      left: [(pattern_list (identifier) @name)
             (tuple_pattern (identifier) @name)]) @definition.variable))

;; ---- references ----
;; Calls: f(x), obj.m(x), mod.f(x) (qualifier "obj." / "mod."); a call of a
;; class, Cls(x), is a call too (the syntax cannot tell).  Superclasses,
;; class A(B, mod.C) (class).  Annotations of parameters, returns and
;; variables, a plain name or the base of a subscripted one (List[int]: List),
;; and exception classes in except clauses (type).  Imports: import a.b
;; (b, qualifier "a."), from a.b import c (the module b with qualifier "a.",
;; and c).  Decorators are calls: @d, @mod.d(x).  Not captured: names passed
;; around without a call, string annotations, dotted annotations deeper
;; than mod.T, relative import dots as a qualifier.
(call function: (identifier) @name) @reference.call
(call function: (attribute object: (_) @qualifier attribute: (identifier) @name)) @reference.call
(decorator (identifier) @name) @reference.call
(decorator (attribute object: (_) @qualifier attribute: (identifier) @name)) @reference.call
(class_definition superclasses: (argument_list (identifier) @name)) @reference.class
(class_definition
  superclasses: (argument_list (attribute object: (_) @qualifier attribute: (identifier) @name))) @reference.class
(class_definition superclasses: (argument_list (subscript value: (identifier) @name))) @reference.class
(type (identifier) @name) @reference.type
(type (attribute object: (identifier) @qualifier attribute: (identifier) @name)) @reference.type
(type (subscript value: (identifier) @name)) @reference.type
(type (generic_type (identifier) @name)) @reference.type
(except_clause (identifier) @name) @reference.type
(except_clause (as_pattern (identifier) @name)) @reference.type
(except_clause (tuple (identifier) @name)) @reference.type
(except_clause (as_pattern (tuple (identifier) @name))) @reference.type
(import_statement name: (dotted_name . (identifier) @qualifier (identifier) @name .)) @reference.import
(import_statement name: (dotted_name (identifier) @name .)) @reference.import
(import_statement name: (aliased_import name: (dotted_name . (identifier) @qualifier (identifier) @name .))) @reference.import
(import_statement name: (aliased_import name: (dotted_name (identifier) @name .))) @reference.import
(import_from_statement module_name: (dotted_name . (identifier) @qualifier (identifier) @name .)) @reference.import
(import_from_statement module_name: (dotted_name (identifier) @name .)) @reference.import
(import_from_statement name: (dotted_name (identifier) @name .)) @reference.import
(import_from_statement name: (aliased_import name: (dotted_name (identifier) @name .))) @reference.import
