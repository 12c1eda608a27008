import type { Static } from 'typebox'
import { Type } from 'typebox'

/**
 * The structured body of a published document, as the importer produces it and the client renders it.
 * Anchors are stable, URL-safe ids (`p2`, `p2-i3`, `p2-i3-s1`, `t1`) so every part and item has its own deep link.
 */

/** A numbered sub-item such as `1.` or `（1）` inside an item. */
export const SubItemSchema = Type.Object({
  anchor: Type.String(),
  number: Type.String({ description: 'As written: 1, 2, （1）…' }),
  title: Type.Optional(Type.String({ description: 'A lead-in heading when the text starts with one' })),
  text: Type.String(),
  units: Type.Array(Type.String(), { description: '责任单位 named for this sub-item' }),
})

/** An item `（一）` inside a part. */
export const ItemSchema = Type.Object({
  anchor: Type.String(),
  number: Type.String({ description: 'As written: 一, 二… (without brackets)' }),
  title: Type.Optional(Type.String()),
  paragraphs: Type.Array(Type.String(), { description: 'Text of the item not inside a sub-item' }),
  subitems: Type.Array(SubItemSchema),
  units: Type.Array(Type.String(), { description: '责任单位 named for the item itself' }),
})

/** A part `一、` of the body. */
export const PartSchema = Type.Object({
  anchor: Type.String(),
  number: Type.String({ description: '一, 二…' }),
  title: Type.String(),
  paragraphs: Type.Array(Type.String()),
  items: Type.Array(ItemSchema),
})

/** One row of a 任务分解表. Merged cells are filled down, so every row is complete. */
export const TaskRowSchema = Type.Object({
  seq: Type.String({ description: '序号' }),
  category: Type.Optional(Type.String({ description: 'The part or task group the row belongs to' })),
  task: Type.String({ description: '任务 / 工作任务' }),
  content: Type.Optional(Type.String({ description: '工作内容 / 具体要求' })),
  units: Type.Array(Type.String(), { description: '责任单位' }),
  deadline: Type.Optional(Type.String({ description: '时间节点 / 完成时限' })),
})

export const TaskTableSchema = Type.Object({
  anchor: Type.String(),
  title: Type.String(),
  rows: Type.Array(TaskRowSchema),
})

export const DocumentBodySchema = Type.Object({
  preamble: Type.Array(Type.String(), { description: 'Paragraphs before the first part (the 总体要求 lead-in)' }),
  parts: Type.Array(PartSchema),
  closing: Type.Array(Type.String(), { description: 'Paragraphs after the last part: 附件 notes and the like' }),
  tables: Type.Array(TaskTableSchema),
})

export type SubItem = Static<typeof SubItemSchema>
export type Item = Static<typeof ItemSchema>
export type Part = Static<typeof PartSchema>
export type TaskRow = Static<typeof TaskRowSchema>
export type TaskTable = Static<typeof TaskTableSchema>
export type DocumentBody = Static<typeof DocumentBodySchema>
