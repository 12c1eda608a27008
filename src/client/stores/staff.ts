import type { LoginBody, StaffMe } from '../../shared/schemas/auth'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as authApi from '../api/auth'
import { ApiError } from '../api/http'

/** The signed-in staff member, shared by every console screen. Lives in the console's chunk only. */
export const useStaffStore = defineStore('staff', () => {
  const me = ref<StaffMe | null>(null)
  const checked = ref(false)

  async function refresh() {
    try {
      me.value = await authApi.me()
    }
    catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401)
        throw error
      me.value = null
    }
    finally {
      checked.value = true
    }
  }

  async function login(body: LoginBody) {
    me.value = await authApi.login(body)
  }

  async function logout() {
    await authApi.logout()
    me.value = null
  }

  return { me, checked, refresh, login, logout }
})
