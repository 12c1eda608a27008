import type { InjectionKey, Ref } from 'vue'
import { inject, nextTick, provide, ref } from 'vue'

interface Announcer { announce: (text: string) => void }
const KEY: InjectionKey<Announcer> = Symbol('announcer')

/** App.vue owns the live region; pages announce through it. Returns the current message. */
export function provideAnnouncer(): Ref<string> {
  const message = ref('')
  provide(KEY, {
    announce(text) {
      // clear first so the same text twice is announced twice
      message.value = ''
      void nextTick(() => {
        message.value = text
      })
    },
  })
  return message
}

export function useAnnouncer(): Announcer {
  return inject(KEY, { announce: () => {} })
}
