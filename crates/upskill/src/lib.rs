//! Facade: the upskill libraries behind one dependency
