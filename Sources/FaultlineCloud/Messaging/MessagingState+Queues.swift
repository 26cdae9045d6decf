import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// SQS queues and their Lambda event source mappings: polling, batches, scaling, dead-letter queues.
extension MessagingState {
    /// Brings the queue's gauges to `now` and lets its event source mapping take batches while
    /// it has concurrency to spare; schedules the next wake-up (a message becoming visible, the
    /// batching window, or scale-up budget).
    mutating func pump(queue q: Int, now: SimInstant, events: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        queues[q].store.advance(to: now)
        var deadLettered: [DeadLetteredMessage] = []
        let consumer = queues[q].consumer
        if consumer >= 0 {
            if queues[q].store.visibleCount == 0 {
                // Idle: scale back to the initial pollers.
                queues[q].concurrency = max(EventSourceMapping.initialConcurrency, queues[q].inFlight)
                queues[q].scaleAt = now.nanoseconds
                queues[q].backlogged = false
            } else if queues[q].backlogged, queues[q].concurrency < queues[q].maximumConcurrency {
                // Backlog: +300 concurrent invocations per minute (5 per second). A batch that
                // ends and is replaced at once does not interrupt the backlog.
                let grown = Int((now.nanoseconds - queues[q].scaleAt) / 200_000_000)
                if grown > 0 {
                    queues[q].concurrency = min(queues[q].maximumConcurrency, queues[q].concurrency + grown)
                    queues[q].scaleAt += Int64(grown) * 200_000_000
                }
            }
            while queues[q].inFlight < queues[q].concurrency, queues[q].store.visibleCount > 0 {
                if queues[q].batchingWindow > 0, queues[q].store.visibleCount < queues[q].batchSize {
                    let age = queues[q].store.ageOfOldestMessage(at: now).nanoseconds
                    if age < queues[q].batchingWindow {
                        scheduleWake(queue: q, at: now.nanoseconds + queues[q].batchingWindow - age, events: &events)
                        break
                    }
                }
                let received = queues[q].store.receive(
                    max: queues[q].batchSize, at: now, visibilityTimeout: queues[q].visibilityTimeout,
                    deadLettered: &deadLettered)
                if received.isEmpty { break }
                core.metrics.add(queues[q].metrics.received, Int64(received.count), at: now)
                invokeBatch(queue: q, messages: received, now: now, events: &events, core: &core)
            }
            if queues[q].store.visibleCount > 0, queues[q].inFlight >= queues[q].concurrency, queues[q].concurrency < queues[q].maximumConcurrency {
                if !queues[q].backlogged {
                    queues[q].backlogged = true
                    queues[q].scaleAt = now.nanoseconds
                }
                scheduleWake(queue: q, at: queues[q].scaleAt + 200_000_000, events: &events)
            } else {
                queues[q].backlogged = false
            }
        }
        for _ in deadLettered { moveToDeadLetterQueue(queue: q, now: now, events: &events, core: &core) }
        if let next = queues[q].store.nextVisibilityChange {
            scheduleWake(queue: q, at: next.nanoseconds, events: &events)
        }
        updateQueueGauges(q, now: now, core: &core)
    }

    mutating func updateQueueGauges(_ q: Int, now: SimInstant, core: inout WorldCore) {
        core.metrics.set(queues[q].metrics.visible, Int64(queues[q].store.visibleCount), at: now)
        core.metrics.set(queues[q].metrics.notVisible, Int64(queues[q].store.inFlightCount + queues[q].store.delayedCount), at: now)
        let expired = Int64(queues[q].store.expiredCount)
        if expired > expiredSeen[q] {
            core.metrics.add(queues[q].metrics.expired, expired - expiredSeen[q], at: now)
            expiredSeen[q] = expired
        }
    }

    mutating func scheduleWake(queue q: Int, at t: Int64, events: inout EventQueue<WorldEvent>) {
        guard t < queues[q].wakeAt else { return }
        queues[q].wakeAt = t
        events.schedule(.queueWake(queue: Int32(q)), at: SimInstant(nanoseconds: t))
    }

    /// A scheduled wake-up of a queue's mapping.
    mutating func queueWake(queue q: Int, now: SimInstant, events: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        if queues[q].wakeAt == now.nanoseconds { queues[q].wakeAt = .max }
        pump(queue: q, now: now, events: &events, core: &core)
    }

    /// SQS moved a message past `maxReceiveCount` to the dead-letter queue.
    mutating func moveToDeadLetterQueue(queue q: Int, now: SimInstant, events: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        core.metrics.add(queues[q].metrics.movedToDLQ, at: now)
        let dlq = Int(queues[q].deadLetterQueue)
        guard dlq >= 0 else { return }
        let service = Int(queues[dlq].service)
        let d = Int(core.services[service].deployments[0])
        queues[dlq].store.send(tag: 0, at: now)
        core.metrics.add(core.deployments[d].metrics.invocations, at: now)
        pump(queue: dlq, now: now, events: &events, core: &core)
    }

    /// The mapping invokes its function synchronously with one batch.
    mutating func invokeBatch(queue q: Int, messages: [ReceivedMessage], now: SimInstant, events: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        let b: Int32
        if let free = freeBatches.popLast() {
            b = free
        } else {
            batches.append(Batch())
            b = Int32(batches.count - 1)
        }
        batches[Int(b)] = Batch(
            queue: Int32(q), receipts: messages.map(\.receipt), index: 0, failures: 0, throttles: 0,
            deadline: now.nanoseconds + queues[q].visibilityTimeout.nanoseconds)
        queues[q].inFlight += 1
        let fn = Int(queues[q].consumer)
        let d = core.pickDeployment(fn, stream: queueHandles[q])
        let c = core.newRequest(service: fn, deployment: d, callerAZ: core.deployments[Int(d)].az)
        core.requests[Int(c)].batch = b
        events.schedule(
            .deliver(request: c, generation: core.requests[Int(c)].generation),
            at: now + core.networkDelay(from: core.deployments[Int(d)].az, to: core.deployments[Int(d)].az))
    }

    /// One message of a batch is done (`failed`: its handler failed). Returns true when the
    /// invocation goes on with the next message.
    mutating func batchMessageDone(request r: Int32, failed: Bool, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) -> Bool {
        let b = Int(core.requests[Int(r)].batch)
        if failed { batches[b].failures |= 1 << UInt64(batches[b].index) }
        batches[b].index += 1
        guard batches[b].index < batches[b].receipts.count else { return false }
        let d = Int(core.requests[Int(r)].deployment)
        core.requests[Int(r)].callIndex = 0
        core.requests[Int(r)].state = .inService
        let work = core.deployments[d].serviceTime.sampleNanoseconds(core.deployments[d].stream)
        queue.schedule(.workDone(request: r, generation: core.requests[Int(r)].generation), at: now + .nanoseconds(work))
        return true
    }

    /// The batch invocation ended: delete what succeeded; the rest reappears after the
    /// visibility timeout (all of it on a function error without ReportBatchItemFailures).
    mutating func batchFinished(request r: Int32, functionError: Bool, now: SimInstant, events: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        let b = Int(core.requests[Int(r)].batch)
        core.requests[Int(r)].batch = -1
        let q = Int(batches[b].queue)
        let keepAll = functionError && !(queues[q].reportBatchItemFailures && batches[b].index >= batches[b].receipts.count)
        var deleted: Int64 = 0
        if !keepAll {
            for (i, receipt) in batches[b].receipts.enumerated() where batches[b].failures & (1 << UInt64(i)) == 0 {
                if queues[q].store.delete(receipt, at: now) { deleted += 1 }
            }
        }
        if deleted > 0 { core.metrics.add(queues[q].metrics.deleted, deleted, at: now) }
        if functionError { queues[q].concurrency = max(2, queues[q].concurrency - 1) }
        queues[q].inFlight -= 1
        batches[b].receipts.removeAll()
        freeBatches.append(Int32(b))
        pump(queue: q, now: now, events: &events, core: &core)
    }

    /// Lambda throttled the mapping's invocation: the mapping backs off and retries the batch
    /// while its messages are still invisible, then lets them go back to the queue.
    mutating func batchThrottled(request r: Int32, now: SimInstant, events: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        let b = Int(core.requests[Int(r)].batch)
        let q = Int(batches[b].queue)
        queues[q].concurrency = max(2, queues[q].inFlight - 1)
        batches[b].throttles += 1
        let backoff = min(Int64(1_000_000_000) << Int64(min(batches[b].throttles - 1, 8)), 60_000_000_000)
        if now.nanoseconds + backoff < batches[b].deadline {
            core.requests[Int(r)].state = .asyncWaiting
            events.schedule(.batchRetry(request: r, generation: core.requests[Int(r)].generation), at: now + .nanoseconds(backoff))
            return
        }
        core.requests[Int(r)].batch = -1
        queues[q].inFlight -= 1
        batches[b].receipts.removeAll()
        freeBatches.append(Int32(b))
        core.freeRequest(r)
        pump(queue: q, now: now, events: &events, core: &core)
    }

    mutating func batchReportsItemFailures(_ r: Int32, core: inout WorldCore) -> Bool {
        queues[Int(batches[Int(core.requests[Int(r)].batch)].queue)].reportBatchItemFailures
    }

    /// At a metrics period boundary: every queue's age of oldest message and gauges.
    mutating func periodEnd(now: SimInstant, core: inout WorldCore) {
        for q in queues.indices {
            queues[q].store.advance(to: now)
            if queues[q].store.visibleCount > 0 {
                core.metrics.record(queues[q].metrics.ageOfOldest, nanoseconds: queues[q].store.ageOfOldestMessage(at: now).nanoseconds, at: now)
            }
            updateQueueGauges(q, now: now, core: &core)
        }
    }
}
