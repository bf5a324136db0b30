//! The one way `traces` moves a ref: a compare-and-swap edit that fails unless the ref holds
//! what the writer saw (`None`: the ref must not exist yet), with a reflog line saying why.

use gix::ObjectId;
use gix::bstr::BString;
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};
use gix::refs::{FullName, Target};

/// Move `name` from `expected` to `new` (`None`: delete it).
pub fn compare_and_swap(
    name: FullName,
    expected: Option<ObjectId>,
    new: Option<ObjectId>,
    reason: &str,
) -> RefEdit {
    let expected = match expected {
        Some(old) => PreviousValue::MustExistAndMatch(Target::Object(old)),
        None => PreviousValue::MustNotExist,
    };
    let change = match new {
        Some(new) => Change::Update {
            log: LogChange {
                mode: RefLog::AndReference,
                force_create_reflog: false,
                message: BString::from(reason),
            },
            expected,
            new: Target::Object(new),
        },
        None => Change::Delete {
            expected,
            log: RefLog::AndReference,
        },
    };
    RefEdit {
        change,
        name,
        deref: false,
    }
}
