// Syntax errors: the definitions around them are still found.
fn good_before() {}

struct Fine { a: i32 }

fn broken( {
    let x = ;
}

impl Fine {
    fn still_found(&self) {}
}

fn good_after() {}
