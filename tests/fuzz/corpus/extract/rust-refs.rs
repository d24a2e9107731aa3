// References for queries/rust.rs: calls, macros, literals, impls, uses.
use std::collections::HashMap;
use std::fmt::{self, Display};
use crate::shapes::Circle as Round;

struct Money { cents: u64 }

impl Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.cents)
    }
}

fn total(items: &[Money]) -> Money {
    let mut seen: HashMap<u64, bool> = HashMap::new();
    let m = Money { cents: 0 };
    seen.insert(m.cents, true);
    let v = items.iter().map(|x| x.cents).sum::<u64>();
    println!("{}", v);
    Money::from_cents(v)
}
