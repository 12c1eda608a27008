// The en messages: one JSON file per feature, each under its own top-level key.
import core from './en/core.json'

export default { ...core }
