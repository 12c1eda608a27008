import type { SessionBrowser, SessionSystem } from '../../shared/constants'

/** What a session's list shows of the device it was started on: a browser and a system, from fixed lists. */
export interface SessionDevice { browser: SessionBrowser, system: SessionSystem }

// Checked in order: in-app and Chinese browsers name Chrome or Safari too (WeChat on Android says
// `MicroMessenger … Chrome/… Mobile Safari`), and Edge and Opera say Chrome as well.
const BROWSERS: Array<[RegExp, SessionBrowser]> = [
  [/MicroMessenger\//, 'wechat'],
  [/\b(?:MQQBrowser|QQBrowser|QQ)\//, 'qq'],
  [/\bUC ?Browser\//, 'uc'],
  [/\bHuaweiBrowser\//, 'huawei'],
  [/\bQuark\//, 'quark'],
  [/\bSamsungBrowser\//, 'samsung'],
  [/\bEdg(?:e|A|iOS)?\//, 'edge'],
  [/\b(?:OPR|Opera)\//, 'opera'],
  [/\b(?:Firefox|FxiOS)\//, 'firefox'],
  [/\b(?:HeadlessChrome|Chrome|CriOS|Chromium)\//, 'chrome'],
  [/\bVersion\/\d.* Safari\//, 'safari'],
]

// HarmonyOS 2–4 also says Android, and an iPad iOS; CrOS says Linux.
const SYSTEMS: Array<[RegExp, SessionSystem]> = [
  [/\b(?:OpenHarmony|HarmonyOS)\b/, 'harmonyos'],
  [/\bAndroid\b/, 'android'],
  [/\biPad\b/, 'ipados'],
  [/\b(?:iPhone|iPod)\b/, 'ios'],
  [/\bCrOS\b/, 'chromeos'],
  [/\bWindows\b/, 'windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macos'],
  [/\bLinux\b/, 'linux'],
]

/**
 * The browser and system a User-Agent names, as one of a few words each ('other' when unknown): what a staff
 * session keeps of the device, instead of the User-Agent string, which can single out a person.
 */
export function sessionDevice(userAgent: string | undefined): SessionDevice {
  // a User-Agent is a few hundred characters; a longer header is read no further
  const ua = (userAgent ?? '').slice(0, 512)
  return {
    browser: BROWSERS.find(([pattern]) => pattern.test(ua))?.[1] ?? 'other',
    system: SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] ?? 'other',
  }
}
