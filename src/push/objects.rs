//! The store as the transport sees it: a source of object bytes by id, nothing more.

use gix::ObjectId;

use crate::store::Store;
use crate::transport::{self, ObjectSource};

impl ObjectSource for Store {
    fn object(&self, id: ObjectId) -> transport::Result<Option<(gix::objs::Kind, Vec<u8>)>> {
        if !self.repo().has_object(id) {
            return Ok(None);
        }
        let object = self
            .repo()
            .find_object(id)
            .map_err(self.git_error(format!("read object {id}")))?;
        // Checked here too, so a damaged object is named by its file in the store.
        crate::store::verify_object(self.path(), id, object.kind, &object.data)?;
        Ok(Some((object.kind, object.detach().data)))
    }
}
