import { desc, eq } from 'drizzle-orm'
import { newId } from '../../auth/tokens'
import type { Db } from '../client'
import { budgets, inhibitions, type BudgetRow, type InhibitionCondition, type InhibitionRow } from '../schema'

/** Budgets and inhibition rules: plain CRUD (the permit transaction is in ./permits.ts). */

export interface BudgetInput {
  name: string
  selector: string | null
  maxHosts: number | null
  maxPercent: number | null
  minHealthyPercent: number | null
}

export async function listBudgets(db: Db): Promise<BudgetRow[]> {
  return db.select().from(budgets).orderBy(desc(budgets.createdAt))
}

export async function getBudget(db: Db, id: string): Promise<BudgetRow | undefined> {
  const [row] = await db.select().from(budgets).where(eq(budgets.id, id)).limit(1)
  return row
}

export async function budgetByName(db: Db, name: string): Promise<BudgetRow | undefined> {
  const [row] = await db.select().from(budgets).where(eq(budgets.name, name)).limit(1)
  return row
}

export async function createBudget(db: Db, input: BudgetInput, by: string): Promise<BudgetRow> {
  const [row] = await db.insert(budgets).values({ id: newId('bdg'), ...input, createdBy: by, updatedBy: by }).returning()
  return row!
}

export async function updateBudget(db: Db, id: string, input: BudgetInput, by: string): Promise<BudgetRow | undefined> {
  const [row] = await db.update(budgets).set({ ...input, updatedBy: by, updatedAt: new Date() }).where(eq(budgets.id, id)).returning()
  return row
}

export async function deleteBudget(db: Db, id: string): Promise<BudgetRow | undefined> {
  const [row] = await db.delete(budgets).where(eq(budgets.id, id)).returning()
  return row
}

export interface InhibitionInput {
  name: string
  selector: string | null
  actions: string[]
  rules: string[]
  condition: InhibitionCondition
}

export async function listInhibitions(db: Db): Promise<InhibitionRow[]> {
  return db.select().from(inhibitions).orderBy(desc(inhibitions.createdAt))
}

export async function getInhibition(db: Db, id: string): Promise<InhibitionRow | undefined> {
  const [row] = await db.select().from(inhibitions).where(eq(inhibitions.id, id)).limit(1)
  return row
}

export async function inhibitionByName(db: Db, name: string): Promise<InhibitionRow | undefined> {
  const [row] = await db.select().from(inhibitions).where(eq(inhibitions.name, name)).limit(1)
  return row
}

export async function createInhibition(db: Db, input: InhibitionInput, by: string): Promise<InhibitionRow> {
  const [row] = await db.insert(inhibitions).values({ id: newId('inh'), ...input, createdBy: by, updatedBy: by }).returning()
  return row!
}

export async function updateInhibition(db: Db, id: string, input: InhibitionInput, by: string): Promise<InhibitionRow | undefined> {
  const [row] = await db.update(inhibitions).set({ ...input, updatedBy: by, updatedAt: new Date() }).where(eq(inhibitions.id, id)).returning()
  return row
}

export async function deleteInhibition(db: Db, id: string): Promise<InhibitionRow | undefined> {
  const [row] = await db.delete(inhibitions).where(eq(inhibitions.id, id)).returning()
  return row
}
