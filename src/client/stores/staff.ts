import type { LoginBody, LoginStep, PasswordChangeBody, StaffMe } from '../../shared/schemas/auth'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as authApi from '../api/auth'
import { ApiError } from '../api/http'
import { forgetDoorLists } from '../composables/checkin'

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

  /** The password step: answers what comes next (a code, or enrolling an authenticator first). */
  async function login(body: LoginBody): Promise<LoginStep['next']> {
    me.value = null
    return (await authApi.login(body)).next
  }

  async function secondFactor(code: string) {
    me.value = await authApi.secondFactor(code)
  }

  /** Confirms enrolment; answers the recovery codes, to show once. */
  async function confirmEnrolment(code: string): Promise<string[]> {
    const done = await authApi.confirmEnrolment(code)
    me.value = done.me
    return done.recoveryCodes
  }

  /** Changes the password; the server replaces this session's cookie, and the must-change mark goes. */
  async function changePassword(body: PasswordChangeBody) {
    await authApi.changePassword(body)
    if (me.value)
      me.value = { ...me.value, mustChangePassword: false }
  }

  async function logout() {
    await authApi.logout()
    me.value = null
    forgetDoorLists()
  }

  return { me, checked, refresh, login, secondFactor, confirmEnrolment, changePassword, logout }
})
