# Game server image. The default build adds @tensorflow/tfjs-node-gpu, whose install script
# downloads libtensorflow with CUDA support; build with --build-arg TF_PACKAGE=@tensorflow/tfjs-node
# for a CPU-only native backend, or TF_PACKAGE=none to run on the bundled wasm backend.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY models/package.json models/
COPY server/package.json server/
COPY client/package.json client/
COPY tests/package.json tests/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build --workspace client

FROM node:24-bookworm-slim
ARG TF_PACKAGE=@tensorflow/tfjs-node-gpu
ENV NODE_ENV=production \
  PORT=2567 \
  DATA_DIR=/data \
  FACES_DIR=/data/faces \
  TF_BACKEND=auto
WORKDIR /app
COPY --from=build /app /app
# libtensorflow 2.9 (used by tfjs-node-gpu 4.22) links against CUDA 11.2 and cuDNN 8. NVIDIA
# ships those runtime libraries as pip wheels, which keeps this image on the Node base.
RUN if [ "$TF_PACKAGE" != "none" ]; then \
      npm install --no-save --workspace server "$TF_PACKAGE@^4.22.0"; \
    fi \
  && if [ "$TF_PACKAGE" = "@tensorflow/tfjs-node-gpu" ]; then \
      apt-get update && apt-get install -y --no-install-recommends python3-pip \
      && pip3 install --break-system-packages --no-cache-dir \
        nvidia-cuda-runtime-cu11 nvidia-cublas-cu11 nvidia-cufft-cu11 nvidia-curand-cu11 \
        nvidia-cusolver-cu11 nvidia-cusparse-cu11 'nvidia-cudnn-cu11<9' \
      && rm -rf /var/lib/apt/lists/*; \
    fi
ENV LD_LIBRARY_PATH=/usr/local/lib/python3.11/dist-packages/nvidia/cuda_runtime/lib:/usr/local/lib/python3.11/dist-packages/nvidia/cublas/lib:/usr/local/lib/python3.11/dist-packages/nvidia/cufft/lib:/usr/local/lib/python3.11/dist-packages/nvidia/curand/lib:/usr/local/lib/python3.11/dist-packages/nvidia/cusolver/lib:/usr/local/lib/python3.11/dist-packages/nvidia/cusparse/lib:/usr/local/lib/python3.11/dist-packages/nvidia/cudnn/lib
VOLUME /data
EXPOSE 2567
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "run", "serve", "--workspace", "server"]
