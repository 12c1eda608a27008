import type { StaffRole } from '../../shared/constants'
import type { Db } from '../db/client'
import { count, eq, sql } from 'drizzle-orm'
import { staff } from '../db/schema'

export type StaffRow = typeof staff.$inferSelect

export async function findStaffByEmail(db: Db, email: string): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(staff).where(sql`lower(${staff.email}) = lower(${email})`).limit(1)
  return row
}

export async function countStaff(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(staff)
  return Number(row?.n ?? 0)
}

export async function createStaff(db: Db, input: { email: string, displayName: string, role: StaffRole, passwordHash: string }): Promise<StaffRow> {
  const [row] = await db.insert(staff).values(input).returning()
  return row!
}

export async function findStaffById(db: Db, id: number): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(staff).where(eq(staff.id, id)).limit(1)
  return row
}
