// The zh-CN messages: one JSON file per feature, each under its own top-level key.
import core from './zh-CN/core.json'

export default { ...core }
