// Placeholder translation unit until the closing module has sources.
namespace plume::closing {} // namespace plume::closing
