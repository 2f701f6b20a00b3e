package dev.nonstop.spring.boot.dubbo;

import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.rpc.AsyncRpcResult;
import org.apache.dubbo.rpc.Filter;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.ScopeModelAware;

/**
 * Counts the calls a provider is serving in its application's {@link DubboCalls}: from the moment
 * the call enters the provider's filter chain (this filter is activated first) until its result is
 * complete, an asynchronous result included. Activated by Dubbo on every provider (its name, {@code
 * nonstop-in-flight}, in {@code META-INF/dubbo/org.apache.dubbo.rpc.Filter}); an app can leave it
 * out with {@code filter="-nonstop-in-flight"}, and the {@code dubbo} participant then sees no call.
 */
@Activate(group = CommonConstants.PROVIDER, order = Integer.MIN_VALUE + 1)
public final class InFlightFilter implements Filter, ScopeModelAware {

    private volatile DubboCalls calls;

    @Override
    public void setApplicationModel(ApplicationModel applicationModel) {
        this.calls = DubboCalls.of(applicationModel);
    }

    @Override
    public Result invoke(Invoker<?> invoker, Invocation invocation) throws RpcException {
        DubboCalls counter = calls;
        if (counter == null) {
            counter = DubboCalls.of(invoker.getUrl().getOrDefaultApplicationModel());
            calls = counter;
        }
        counter.enter();
        Result result;
        try {
            result = invoker.invoke(invocation);
        } catch (RuntimeException | Error e) {
            counter.exit();
            throw e;
        }
        if (result instanceof AsyncRpcResult) {
            DubboCalls done = counter;
            return result.whenCompleteWithContext((value, failure) -> done.exit());
        }
        counter.exit();
        return result;
    }
}
