// The zh-CN messages: one JSON file per feature, each under its own top-level key.
import consultations from './zh-CN/consultations.json'
import core from './zh-CN/core.json'
import events from './zh-CN/events.json'

export default { ...core, ...consultations, ...events }
