// The en messages: one JSON file per feature, each under its own top-level key.
import consultations from './en/consultations.json'
import core from './en/core.json'
import events from './en/events.json'

export default { ...core, ...consultations, ...events }
