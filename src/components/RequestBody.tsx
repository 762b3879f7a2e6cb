import { Text, View } from '@tarojs/components'
import type { RequestDetail } from '../domain/contract'
import { RATINGS } from '../domain/request'
import { formatLocal } from '../domain/time'
import { DuplicateLine } from './DuplicateLine'
import { PhotoGrid } from './PhotoGrid'
import { PatrolTag, SensitiveTag, StatusTag } from './StatusTag'
import { Timeline } from './Timeline'
import { VolunteerLink } from './VolunteerLink'

/** What both the resident and the grid worker see of one request. */
/** A step taken on a request from its detail page: the new detail when it lands, or a refresh when refused. */
export interface RequestStepProps {
  request: RequestDetail
  onDone: (r: RequestDetail) => void
  onFail: () => void
}

/**
 * 吹哨报到: the unit called in on it. The resident reads who is handling it; staff and the unit also
 * read who called it in and its clocks.
 */
export function UnitTask({ request, staff }: { request: RequestDetail; staff?: boolean }) {
  const unit = request.unit
  if (!unit) return null
  const at = (iso: string) => formatLocal(iso, 'MM-DD HH:mm')
  const clock =
    unit.state === 'called'
      ? request.actions.includes('unitAccept')
        ? `请在 ${at(unit.acceptBy)} 前报到接单`
        : `应在 ${at(unit.acceptBy)} 前报到`
      : unit.state === 'accepted'
        ? `应在 ${at(unit.resolveBy)} 前办结`
        : null
  return (
    <View className="card" data-testid="unit-task">
      <Text className="card-title">
        由 {unit.name} 办理 · {unit.stateName}
      </Text>
      {staff ? (
        <>
          <Text className="muted" style={{ display: 'block' }}>
            {unit.kindName} · {unit.calledByName}吹哨
          </Text>
          {clock ? (
            <Text className="deadline" data-testid="unit-clock">
              {clock}
            </Text>
          ) : null}
        </>
      ) : null}
    </View>
  )
}

export function RequestBody({ request, staff }: { request: RequestDetail; staff?: boolean }) {
  return (
    <>
      <View className="card">
        <View className="row">
          <Text className="card-title">{request.categoryName}</Text>
          <StatusTag status={request.status} />
        </View>
        <Text className="list-item-desc" data-testid="request-description">
          {request.description}
        </Text>
        <Text className="muted">
          工单号 {request.no} · {request.buildingName} · {request.gridName}
        </Text>
        {staff && request.status === 'accepted' && request.assigneeName ? (
          <Text className="muted" style={{ display: 'block' }} data-testid="assignee">
            办理人：{request.assigneeName}
          </Text>
        ) : null}
        <SensitiveTag request={request} />
        <PatrolTag request={request} />
        <DuplicateLine request={request} />
        {request.recordedByName ? (
          <Text className="tag tag-accepted" style={{ marginTop: '8px' }}>
            {request.recordedByName}代录
          </Text>
        ) : null}
        {request.status === 'assigned' ? (
          <Text className="muted" style={{ display: 'block' }} data-testid="accept-by">
            {/* An instruction for the one who can take it; for the resident, what to expect. */}
            {request.actions.includes('accept')
              ? `请在 ${formatLocal(request.acceptBy, 'MM-DD HH:mm')} 前接单`
              : request.actions.includes('urgeWaiting')
                ? `已过接单时限（${formatLocal(request.acceptBy, 'MM-DD HH:mm')}），还没有人接单`
                : `${request.sensitive ? '社区工作人员' : '网格员'}将在 ${formatLocal(request.acceptBy, 'MM-DD HH:mm')} 前接单`}
          </Text>
        ) : null}
      </View>
      <UnitTask request={request} staff={staff} />
      <VolunteerLink request={request} />
      <PhotoGrid
        photos={request.photos}
        of={request.source === 'patrol' ? 'patrol' : request.recordedByName ? 'recorded' : 'request'}
      />
      {request.resolutionNote ? (
        <View className="card">
          <Text className="card-title">办理情况</Text>
          <Text>{request.resolutionNote}</Text>
        </View>
      ) : null}
      {request.rating ? (
        <View className="card">
          <Text className="card-title">居民评价：{RATINGS[request.rating]}</Text>
          {request.ratingComment ? <Text>{request.ratingComment}</Text> : null}
        </View>
      ) : null}
      <Text className="section-title">办理进度</Text>
      <View className="card">
        <Timeline events={request.events} />
      </View>
    </>
  )
}
