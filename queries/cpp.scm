;; inherits: c_family
;; kota tags query for C++ (tree-sitter-cpp 0.23, run by kota-parse):
;; c_family.scm, what C++ shares with C (macros, enumerators, typedefs), and
;; then what is C++'s own.
;; Captures (besides those of c_family.scm) what queries/c.scm does
;; (functions, struct / union / enum, global variables, fields) plus classes
;; (class), methods (method: function definitions in a class body, incl.
;; constructors, destructors, operators, template methods; and out-of-class
;; definitions `Foo::bar`, named `bar`), named namespaces (namespace), enum
;; class (enum), `using X = ...;` (type). Templates: the templated function / class
;; is captured as usual (its range starts after the `template <...>`).
;; Not captured: prototypes and method declarations, = default / = delete /
;; pure virtual declarations, anonymous namespaces, lambdas, concepts, locals,
;; extern variable declarations.
;; Tree-sitter 0.20 queries cannot recurse: declarator chains are unrolled a
;; few levels. Alternations are kept off sibling positions (and type: constraints
;; few), which make 0.20's query analysis slow: ts_query_new takes about 180 ms.

;; Methods defined in a class body: constructors, destructors, operators,
;; template methods (methods named by a field_identifier: further down).
;; A conversion operator is named by its whole `operator bool() const` text.
;; Defaulted/deleted ones have no body and are skipped.
(field_declaration_list
  (function_definition
    declarator: [
      (function_declarator declarator: [(identifier) (destructor_name) (operator_name)] @name)
      (reference_declarator (function_declarator declarator: (operator_name) @name))
      (pointer_declarator declarator: (function_declarator declarator: (operator_name) @name))]
    body: (_)) @definition.method)
(field_declaration_list
  (template_declaration
    (function_definition
      declarator: (function_declarator
        declarator: [(identifier) (destructor_name) (operator_name)] @name)
      body: (_)) @definition.method))
(field_declaration_list
  (function_definition declarator: (operator_cast) @name body: (_)) @definition.method)

;; `class EXPORT_MACRO Name : Base { ... };` parses as a function definition
;; (type `class EXPORT_MACRO`, name Name, a compound statement as body): the
;; class, the function definitions directly in its body as methods, the
;; declarations there (also right after `public:`) as fields.
(function_definition type: (class_specifier !body) declarator: (identifier) @name body: (_)) @definition.class
(function_definition type: (struct_specifier !body) declarator: (identifier) @name body: (_)) @definition.struct
(function_definition
  type: [(class_specifier !body) (struct_specifier !body)]
  declarator: (identifier)
  body: (compound_statement
    (function_definition
      declarator: [
        (function_declarator
          declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
        (pointer_declarator
          declarator: (function_declarator
            declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
        (reference_declarator
          (function_declarator
            declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))]
      body: (_)) @definition.method))
(function_definition
  type: [(class_specifier !body) (struct_specifier !body)]
  declarator: (identifier)
  body: (compound_statement
    [
      (declaration
        declarator: [
          (identifier) @name
          (_ !parameters
            declarator: [
              (identifier) @name
              (_ !parameters declarator: (identifier) @name)
              (reference_declarator (identifier) @name)])
          (function_declarator
            declarator: (parenthesized_declarator
              (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))
          (reference_declarator (identifier) @name)])
      (labeled_statement
        (declaration
          declarator: [
            (identifier) @name
            (_ !parameters
              declarator: [
                (identifier) @name
                (_ !parameters declarator: (identifier) @name)
                (reference_declarator (identifier) @name)])
            (function_declarator
              declarator: (parenthesized_declarator
                (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))
            (reference_declarator (identifier) @name)]))] @definition.field))

;; `void name(...) MACRO {` in a class body: the method's declarator ends up in
;; an ERROR node and MACRO is taken for the name.
(_ (ERROR (function_declarator declarator: (field_identifier) @name)) body: (compound_statement)) @definition.method

;; Out-of-class definitions: Foo::bar, A<T>::B::bar, Foo::~Foo, Foo::operator=
;; are methods named bar, ~Foo, operator= (ns::f looks the same), qualified
;; for their ids by the whole qualified name (@scope), so that Foo::bar and
;; Baz::bar in one file need no ordinal.
(function_definition
  declarator: [
    (function_declarator
      declarator: (qualified_identifier
        name: [(_ !name) @name (qualified_identifier name: (_ !name) @name)]) @scope)
    (pointer_declarator
      declarator: (function_declarator
        declarator: (qualified_identifier
          name: [(_ !name) @name (qualified_identifier name: (_ !name) @name)]) @scope))
    (reference_declarator
      (function_declarator
        declarator: (qualified_identifier
          name: [(_ !name) @name (qualified_identifier name: (_ !name) @name)]) @scope))]
  body: (_)) @definition.method
(function_definition declarator: (qualified_identifier name: (operator_cast) @name) @scope body: (_)) @definition.method
(function_definition
  declarator: [
    (function_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (field_identifier) @name))
    (reference_declarator (function_declarator declarator: (field_identifier) @name))]
  body: (_)) @definition.method

;; Free functions (also friend functions defined in a class, function templates).
;; A statement after a macro without `;` (`LOCK if (...) {`, `FOREACH(x) while
;; (...) {`, `TRY_MACRO catch (...) {`) or an `else if (...) {` whose `if` is in
;; another #ifdef branch parses as a function definition named if, switch,
;; while, for or catch: not functions.
(function_definition
  declarator: [
    (function_declarator declarator: [(identifier) (operator_name)] @name . parameters: (_))
    (pointer_declarator
      declarator: (function_declarator
        declarator: [(identifier) (operator_name)] @name
        .
        parameters: (_)))
    (pointer_declarator
      declarator: (pointer_declarator
        declarator: (function_declarator
          declarator: [(identifier) (operator_name)] @name
          .
          parameters: (_))))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator
          declarator: (function_declarator
            declarator: [(identifier) (operator_name)] @name
            .
            parameters: (_)))))
    (reference_declarator
      (function_declarator declarator: [(identifier) (operator_name)] @name . parameters: (_)))]
  body: (_)
  (#not-eq? @name "if")
  (#not-eq? @name "switch")
  (#not-eq? @name "while")
  (#not-eq? @name "for")
  (#not-eq? @name "catch")) @definition.function
(function_definition
  declarator: [
    (_ declarator: (identifier) (ERROR . (identifier) @name .))
    (pointer_declarator declarator: (_ declarator: (identifier) (ERROR . (identifier) @name .)))]
  body: (_)
  (#not-eq? @name "if")
  (#not-eq? @name "switch")
  (#not-eq? @name "while")
  (#not-eq? @name "for")
  (#not-eq? @name "catch")) @definition.function
(function_definition
  declarator: (function_declarator declarator: (template_function name: (identifier) @name))
  body: (_)) @definition.function

;; Types with a body (forward declarations are skipped); enum class too;
;; specializations Foo<int> and out-of-class nested A::B / A::B::C named by
;; their last component
(class_specifier
  name: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier
      name: [
        (type_identifier) @name
        (template_type name: (type_identifier) @name)
        (qualified_identifier name: (type_identifier) @name)])]
  body: (_)) @definition.class
(struct_specifier
  name: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier
      name: [
        (type_identifier) @name
        (template_type name: (type_identifier) @name)
        (qualified_identifier name: (type_identifier) @name)])]
  body: (_)) @definition.struct
(union_specifier
  name: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier
      name: [
        (type_identifier) @name
        (template_type name: (type_identifier) @name)
        (qualified_identifier name: (type_identifier) @name)])]
  body: (_)) @definition.union
(enum_specifier
  name: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier
      name: [
        (type_identifier) @name
        (template_type name: (type_identifier) @name)
        (qualified_identifier name: (type_identifier) @name)])]
  body: (_)) @definition.enum

;; Named namespaces (namespace a::b is one symbol named a::b)
(namespace_definition name: [(namespace_identifier) (nested_namespace_specifier)] @name) @definition.namespace

;; using Alias = type;
(alias_declaration name: (type_identifier) @name) @definition.type

;; Fields of struct/union/class (method prototypes are not fields; function
;; pointers are). One symbol per declarator, all with the whole declaration
;; as definition node (so a struct declared along nests under its field).
(field_declaration
  declarator: [
    (field_identifier) @name
    (_ !parameters
      declarator: [
        (field_identifier) @name
        (_ !parameters declarator: (field_identifier) @name)
        (reference_declarator (field_identifier) @name)])
    (function_declarator
      declarator: (parenthesized_declarator
        (_
          declarator: [
            (field_identifier) @name
            (_ !parameters declarator: (field_identifier) @name)])))
    (reference_declarator (field_identifier) @name)]) @definition.field

;; Global variables, static ones too (not extern declarations, prototypes or
;; locals): declarations at file scope, in namespaces and extern "C" {}, also
;; under #if/#ifdef (two levels) and template <...>. One symbol per declarator, all
;; with the whole declaration as definition node (a struct defined along,
;; `struct s {..} v;`, nests under v). The `;` must be real:
;; `API_MACRO int\nname(...);` parses as a declaration `API_MACRO int` with a
;; MISSING (empty) `;` followed by the prototype.
(translation_unit
  (declaration
    declarator: [
      (identifier) @name
      (_ !parameters
        declarator: [
          (identifier) @name
          (_ !parameters declarator: (identifier) @name)
          (reference_declarator (identifier) @name)])
      (function_declarator
        declarator: (parenthesized_declarator
          (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))
      (reference_declarator (identifier) @name)]
    ";" @_semi
    (#eq? @_semi ";")) @definition.variable
  (#not-match? @definition.variable "^extern"))
(translation_unit
  (_ !body
    (declaration
      declarator: [
        (identifier) @name
        (_ !parameters
          declarator: [
            (identifier) @name
            (_ !parameters declarator: (identifier) @name)
            (reference_declarator (identifier) @name)])
        (function_declarator
          declarator: (parenthesized_declarator
            (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))
        (reference_declarator (identifier) @name)]
      ";" @_semi
      (#eq? @_semi ";")) @definition.variable
    (#not-match? @definition.variable "^extern")))
(translation_unit
  (_ !body
    (_ !body
      (declaration
        declarator: [
          (identifier) @name
          (_ !parameters
            declarator: [
              (identifier) @name
              (_ !parameters declarator: (identifier) @name)
              (reference_declarator (identifier) @name)])
          (function_declarator
            declarator: (parenthesized_declarator
              (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))
          (reference_declarator (identifier) @name)]
        ";" @_semi
        (#eq? @_semi ";")) @definition.variable
      (#not-match? @definition.variable "^extern"))))
(declaration_list
  (declaration
    declarator: [
      (identifier) @name
      (_ !parameters
        declarator: [
          (identifier) @name
          (_ !parameters declarator: (identifier) @name)
          (reference_declarator (identifier) @name)])
      (function_declarator
        declarator: (parenthesized_declarator
          (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))
      (reference_declarator (identifier) @name)]
    ";" @_semi
    (#eq? @_semi ";")) @definition.variable
  (#not-match? @definition.variable "^extern"))
(declaration_list
  (_ !body
    (declaration
      declarator: [
        (identifier) @name
        (_ !parameters
          declarator: [
            (identifier) @name
            (_ !parameters declarator: (identifier) @name)
            (reference_declarator (identifier) @name)])
        (function_declarator
          declarator: (parenthesized_declarator
            (_ declarator: [(identifier) @name (_ !parameters declarator: (identifier) @name)])))
        (reference_declarator (identifier) @name)]
      ";" @_semi
      (#eq? @_semi ";")) @definition.variable
    (#not-match? @definition.variable "^extern")))

;; ---- references (besides those of c_family.scm) ----
;; Qualified calls ns::f(x), Type::f(x) (qualifier "ns::"), template calls
;; f<T>(x) and ns::f<T>(x); new T(..) and new ns::T(..) (class); base
;; classes (class); qualified and template type names where the grammar
;; says type (type, "ns::" as qualifier; vector<int> is vector).  Not
;; captured: calls through operators, constructors written T(x) or T{x}
;; (a call of T), using-declarations.
(call_expression
  function: (qualified_identifier scope: (_) @qualifier name: (identifier) @name)) @reference.call
(call_expression function: (template_function name: (identifier) @name)) @reference.call
(call_expression
  function: (qualified_identifier scope: (_) @qualifier
    name: (template_function name: (identifier) @name))) @reference.call
(new_expression type: (type_identifier) @name) @reference.class
(new_expression type: (qualified_identifier scope: (_) @qualifier name: (type_identifier) @name)) @reference.class
(new_expression type: (template_type name: (type_identifier) @name)) @reference.class
(base_class_clause (type_identifier) @name) @reference.class
(base_class_clause (qualified_identifier scope: (_) @qualifier name: (type_identifier) @name)) @reference.class
(base_class_clause (template_type name: (type_identifier) @name)) @reference.class
(_ type: (qualified_identifier scope: (_) @qualifier name: (type_identifier) @name)) @reference.type
(_ type: (qualified_identifier scope: (_) @qualifier name: (template_type name: (type_identifier) @name))) @reference.type
(_ type: (template_type name: (type_identifier) @name)) @reference.type
(template_argument_list (type_descriptor type: (type_identifier) @name)) @reference.type
