// kota fixture: a module declaration
module com.example.kota {
    requires java.sql;
    exports com.example.kota;
}
