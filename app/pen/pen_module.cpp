// Placeholder translation unit until the pen module has sources.
namespace plume::pen {} // namespace plume::pen
