package io.ebats.spring;

import io.ebats.HandlesTask;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;

/**
 * Finds the beans with {@link HandlesTask} methods, looking at each bean's target class (behind any proxy), and
 * keeps the bean as the container exposes it: the worker then calls the handlers through the proxy, so that
 * {@code @Transactional} and other advice apply. Runs after the proxy creators (lowest precedence).
 *
 * <p>Thread-safe; beans are collected while the context starts, read when the worker starts.
 */
final class HandlerBeans implements BeanPostProcessor, BeanFactoryAware, Ordered {

    private static final Logger log = LoggerFactory.getLogger(HandlerBeans.class);

    /**
     * A bean with handlers.
     *
     * @param name        its bean name
     * @param bean        the bean as the container exposes it (a proxy, perhaps)
     * @param targetClass the class whose {@link HandlesTask} methods are its handlers
     */
    record HandlerBean(String name, Object bean, Class<?> targetClass) {
    }

    private final List<HandlerBean> found = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, Boolean> hasHandlers = new ConcurrentHashMap<>();
    private ConfigurableListableBeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory factory) {
        if (factory instanceof ConfigurableListableBeanFactory listable) {
            beanFactory = listable;
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> target = AopUtils.getTargetClass(bean);
        if (!hasHandlers.computeIfAbsent(target, HandlerBeans::hasHandlers)) {
            return bean;
        }
        if (beanFactory != null && beanFactory.containsBeanDefinition(beanName) && !beanFactory.isSingleton(beanName)) {
            log.warn("bean {} has @HandlesTask methods but is not a singleton: its handlers are not registered",
                    beanName);
            return bean;
        }
        found.add(new HandlerBean(beanName, bean, target));
        return bean;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The beans with handlers found so far, in creation order. */
    List<HandlerBean> beans() {
        return List.copyOf(found);
    }

    private static boolean hasHandlers(Class<?> type) {
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(HandlesTask.class)) {
                return true;
            }
        }
        return false;
    }
}
