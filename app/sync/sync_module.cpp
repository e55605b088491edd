// Placeholder translation unit until the sync module has sources.
namespace plume::sync {} // namespace plume::sync
