package dev.nonstop.controller.runner;

import dev.nonstop.controller.release.state.InstanceMachine;

/**
 * One instance of a release's plan as its runner works on it: the instance's machine, resumed from the step log, and
 * where the instance is reached. A surge instance's target is a placeholder (port 0) until its DEPLOYED step
 * registers it; only the thread walking the instance changes it.
 */
final class InstanceWork {
    final InstanceMachine machine;
    InstanceActions.Target target;

    InstanceWork(InstanceMachine machine, InstanceActions.Target target) {
        this.machine = machine;
        this.target = target;
    }

    /** Whether a step of this instance has run: its machine left the path's first step. */
    boolean touched() {
        return machine.step() != machine.path().initial();
    }
}
