"""机关事务制度标准库 toolchain: load → validate → model → render/export."""
